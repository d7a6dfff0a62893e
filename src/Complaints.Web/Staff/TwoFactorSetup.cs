using Complaints.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Complaints.Web.Staff;

// Administrators (or, with SignIn:SecondFactor = everyone, all staff) must use TOTP: until they have set it up,
// every staff page sends them to their account page to do so. Signing in and out, and the account page itself, stay open.
public sealed class TwoFactorSetup : IAsyncPageFilter
{
    public const string SetupPath = "/staff/account";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (await IsMissingAsync(context.HttpContext))
        {
            context.Result = new RedirectResult(SetupPath);
            return;
        }
        await next();
    }

    public static async Task<bool> IsMissingAsync(HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true || !Authentication.RequiresTwoFactor(http, Roles.All.Where(user.IsInRole)))
            return false;
        // A sign-in that went through the second factor needs no lookup.
        if (user.HasClaim("amr", "mfa"))
            return false;
        var users = http.RequestServices.GetRequiredService<UserManager<StaffUser>>();
        return await users.GetUserAsync(user) is { TwoFactorEnabled: false };
    }
}

public static class TwoFactorSetupConventions
{
    public static PageConventionCollection RequireTwoFactorSetup(this PageConventionCollection conventions)
    {
        conventions.AddFolderApplicationModelConvention("/Staff", page =>
        {
            if (!page.ViewEnginePath.StartsWith("/Staff/SignIn/", StringComparison.Ordinal) && page.ViewEnginePath != "/Staff/Account/Index")
                page.Filters.Add(new TwoFactorSetup());
        });
        return conventions;
    }
}
