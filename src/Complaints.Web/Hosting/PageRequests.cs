using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Complaints.Web.Hosting;

// What the pages make of requests that no form of this site sends.
public static class PageRequests
{
    public static IMvcBuilder AddPageRequestGuards(this IMvcBuilder mvc) => mvc
        .AddRazorPagesOptions(o => o.Conventions.ConfigureFilter(new UnknownHandlers()))
        // jQuery's a[b][c] keys are not what these forms send, and its reader throws on a lone '[' instead of ignoring it.
        .AddMvcOptions(o =>
        {
            o.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            o.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
        });

    // A request naming none of a page's handlers (an unknown ?handler=, a PUT or a TRACE) would draw the page without running
    // any, on a model never loaded: 404 for an unknown handler, 405 with the methods the page takes for an unknown method.
    sealed class UnknownHandlers : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var handlers = context.ActionDescriptor.HandlerMethods;
            if (context.HandlerMethod is not null || handlers.Count == 0)
                return next();
            var request = context.HttpContext.Request;
            // HEAD is answered by the GET handlers.
            var method = HttpMethods.IsHead(request.Method) ? HttpMethods.Get : request.Method;
            var methods = handlers.Select(h => h.HttpMethod.ToUpperInvariant()).Distinct().ToList();
            if (methods.Contains(method, StringComparer.OrdinalIgnoreCase))
            {
                context.Result = new NotFoundResult();
                return Task.CompletedTask;
            }
            context.HttpContext.Response.Headers.Allow = string.Join(", ", methods.Contains(HttpMethods.Get) ? methods.Append(HttpMethods.Head) : methods);
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return Task.CompletedTask;
        }
    }
}
