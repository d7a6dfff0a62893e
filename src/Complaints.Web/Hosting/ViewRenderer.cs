using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Complaints.Web.Hosting;

// Renders a Razor view to a string: the same markup a page shows becomes a printable document.
public sealed class ViewRenderer(IRazorViewEngine engine, ITempDataProvider tempData)
{
    public async Task<string> RenderAsync<TModel>(HttpContext http, string viewPath, TModel model)
    {
        var action = new ActionContext(http, http.GetRouteData(), new ActionDescriptor());
        var view = engine.GetView(executingFilePath: null, viewPath, isMainPage: true).View
            ?? throw new InvalidOperationException($"No view at {viewPath}.");
        await using var writer = new StringWriter();
        var viewData = new ViewDataDictionary<TModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var context = new ViewContext(action, view, viewData, new TempDataDictionary(http, tempData), writer, new HtmlHelperOptions());
        await view.RenderAsync(context);
        return writer.ToString();
    }
}
