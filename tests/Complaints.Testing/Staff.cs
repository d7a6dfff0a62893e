using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Infrastructure;

public sealed record StaffMember(string Id, string Email, string Password, string Role, string? TotpKey)
{
    // The app whose clock and database say which TOTP code is good now.
    public TestApp? App { get; init; }

    // What the member's authenticator shows for a step the app has not yet accepted from them.
    public Task<string> CodeAsync() => App!.NextCodeAsync(Id, TotpKey!);
}

// Members of staff of the demo communes, created straight through Identity, and API clients for them.
public static class Staff
{
    public const string Password = "Staff-Passw0rd!";

    public static async Task<StaffMember> CreateAsync(this TestApp app, string role, string? commune = "sefrou", string? service = null,
        bool twoFactor = false, string? email = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var communeId = commune is null ? (int?)null : await db.Communes.Where(c => c.Code == commune).Select(c => c.Id).SingleAsync();
        var serviceId = service is null ? (int?)null : await db.Services.Where(s => s.CommuneId == communeId && s.Code == service).Select(s => s.Id).SingleAsync();
        email ??= $"{role}.{commune ?? "platform"}{(service is null ? "" : "." + service)}.{Guid.NewGuid().ToString("N")[..6]}@example.test";
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, CommuneId = communeId, ServiceId = serviceId };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        string? key = null;
        if (twoFactor)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return new StaffMember(user.Id, email, Password, role, key) { App = app };
    }

    // The first administrator, seeded at start with the test password; enables TOTP so it may sign in.
    public static async Task<StaffMember> PlatformAdminAsync(this TestApp app)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var admin = (await users.FindByEmailAsync(TestDatabase.AdminEmail))!;
        var key = await users.GetAuthenticatorKeyAsync(admin);
        if (key is null)
        {
            await users.ResetAuthenticatorKeyAsync(admin);
            key = await users.GetAuthenticatorKeyAsync(admin);
        }
        // Enabling it again would renew the security stamp and end the sessions the test already opened.
        if (!admin.TwoFactorEnabled)
            await users.SetTwoFactorEnabledAsync(admin, true);
        return new StaffMember(admin.Id, TestDatabase.AdminEmail, TestDatabase.AdminPassword, Roles.PlatformAdmin, key) { App = app };
    }

    public static async Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password, string? code = null) =>
        await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password, twoFactorCode = code });

    // An HTTP client that calls the staff API as this member.
    public static async Task<HttpClient> ApiAsync(this TestApp app, StaffMember member, string language = "fr")
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var response = await client.LoginAsync(member.Email, member.Password, member.TotpKey is null ? null : await member.CodeAsync());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
