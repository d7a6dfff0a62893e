using System.Text.Encodings.Web;
using System.Text.Unicode;
using Complaints.Web.Api;
using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Exports;
using Complaints.Web.Files;
using Complaints.Web.Hosting;
using Complaints.Web.Notifications;
using Complaints.Web.Organisation;
using Complaints.Web.Privacy;
using Complaints.Web.Receipts;
using Complaints.Web.Staff;
using Complaints.Web.Statistics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

var builder = WebApplication.CreateBuilder(args);
// localhost:5080 unless told where: by urls, or by the ports a container image names (ASPNETCORE_HTTP_PORTS).
if (new[] { "urls", "ASPNETCORE_URLS", "http_ports", "https_ports" }.All(key => string.IsNullOrEmpty(builder.Configuration[key])))
    builder.WebHost.UseUrls("http://localhost:5080");
// No "Server: Kestrel": nothing tells a scanner which server and version to look up.
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);

// Data
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAppDatabase(builder.Configuration);
// A scoped service asked of the application's root (as a pooled context asked for one would, DatabaseSetup) fails at
// once under the tests as in Development, instead of quietly giving one that belongs to no request.
builder.Host.UseDefaultServiceProvider((context, o) =>
{
    o.ValidateOnBuild = context.HostingEnvironment.IsDevelopment();
    o.ValidateScopes = o.ValidateOnBuild || context.HostingEnvironment.IsEnvironment("Testing");
});
// Keys at rest are encrypted with a certificate; outside Development, on PostgreSQL, the site will not start without one
// (on the embedded database it makes its own, ADR 18).
// The anonymize command protects and reads nothing, so it runs either way.
if (builder.AddAppDataProtection() is { } refusal && args is not ["anonymize", ..])
{
    Console.Error.WriteLine(refusal);
    return 1;
}
builder.Services.AddStaffAuthentication();

// Capabilities
builder.Services.AddSingleton<IFileStore, LocalFileStore>();
builder.Services.AddVirusScan(builder.Configuration);
builder.Services.AddScoped<ComplaintFiling>();
builder.Services.AddSingleton<FilingCommit>();
builder.Services.AddScoped<Complaints.Web.Questions.QuestionEditor>();
builder.Services.AddScoped<CitizenActions>();
builder.Services.AddScoped<ComplaintClock>();
builder.Services.AddScoped<NotificationTexts>();
builder.Services.AddScoped<Notifier>();
builder.Services.AddScoped<DeadlineWatch>();
builder.Services.AddHostedService<DeadlineWatchWorker>();
builder.Services.AddScoped<StoredPhotos>();
builder.Services.AddHostedService<StoredPhotosWorker>();
builder.Services.AddScoped<PersonalDataRetention>();
builder.Services.AddHostedService<PersonalDataWorker>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<CitizenAccess>();
builder.Services.AddSingleton<AccessCodeKey>();
builder.Services.AddSingleton<PdfPrinter>();
builder.Services.AddScoped<ViewRenderer>();
builder.Services.AddScoped<AuditLog>();
builder.Services.AddScoped<AuditReader>();
builder.Services.AddScoped<ApiKeys>();
builder.Services.AddScoped<CitizenLetters>();
builder.Services.AddScoped<ComplaintActions>();
builder.Services.AddScoped<OrganisationItems>();
builder.Services.AddScoped<StaffMail>();
builder.Services.AddScoped<StaffChanges>();
builder.Services.AddScoped<SignInThrottling>();
builder.Services.AddScoped<StaffSessions>();
builder.Services.AddScoped<Reauthentication>();
builder.Services.AddScoped<Inbox>();
builder.Services.AddScoped<FiguresQuery>();
builder.Services.AddSingleton<NationalComparison>();
builder.Services.AddScoped<ComplaintExport>();
builder.Services.AddScoped<CommuneAdministration>();
builder.Services.AddOutbox(builder.Configuration);
builder.Services.AddAppTelemetry(builder.Configuration);

// Web
builder.Services.AddAppLocalization();
builder.Services.AddRazorPages(o =>
{
    // Every staff page needs a signed-in member of staff; only signing in itself is open.
    o.Conventions.AuthorizeFolder("/Staff", Authentication.Staff);
    o.Conventions.AllowAnonymousToFolder("/Staff/SignIn");
    o.Conventions.RequireTwoFactorSetup();
}).AddPageRequestGuards().LogRefusedAntiforgery();
// Arabic and accented French stay readable in the HTML instead of becoming numeric entities.
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
builder.Services.AddSingleton<IConfigureOptions<MvcOptions>, LocalizedBindingMessages>();
builder.Services.AddTransportSecurity();
builder.Services.AddAppRateLimits();
builder.Services.AddResponseCompression(o => o.EnableForHttps = true);
builder.Services.AddAppHealth();
builder.Services.AddOpenApi();
builder.Services.AddProblemDetails();

var app = builder.Build();

await app.PrepareDatabaseAsync();
// The anonymize command: one retention pass with the configured database, then exit.
if (args is ["anonymize", ..])
{
    using var scope = app.Services.CreateScope();
    var anonymised = await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().RunAsync(CancellationToken.None);
    Console.WriteLine($"{anonymised} complaints anonymised.");
    return 0;
}
await app.ProtectSecretsAtRestAsync();

app.UseTransportSecurity();
// A failure answers a page to people and problem details to programs; nothing internal leaks.
if (!app.Environment.IsDevelopment())
{
    app.UseWhen(http => IsApi(http.Request.Path), b => b.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ClientFaults.StatusCode }));
    app.UseWhen(http => !IsApi(http.Request.Path), b => b.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandlingPath = "/Error", StatusCodeSelector = ClientFaults.StatusCode,
    }));
}
// Pages get a page for 404 and friends; the APIs keep their own error bodies.
app.UseWhen(http => !IsApi(http.Request.Path), b => b.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
// After the exception handler, which clears headers: an error page over HTTPS keeps HSTS too.
app.UseHsts();
app.UseSecurityHeaders();
// The public figures (1,500 communes in one table) go out compressed; they hold no secret for a
// compression side channel to reveal, unlike pages with antiforgery tokens or personal data.
app.UseWhen(http => http.Request.Path.StartsWithSegments("/figures") || http.Request.Path.StartsWithSegments("/api/v1/public"),
    b => b.UseResponseCompression());
app.UseRequestLocalization();
app.UseAppStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseSessionCheck();
app.UseRefusalLog();
app.UseAuthorization();
app.UseRateLimiter();

app.MapAppHealth();
app.MapLanguageSwitch();
app.MapOpenApi();
app.MapOpen311();
app.MapStaffApi();
app.MapPublicStats();
app.MapCommuneLogos();
app.MapRazorPages();

await app.RunAsync();
return 0;

static bool IsApi(PathString path) =>
    path.StartsWithSegments("/open311") || path.StartsWithSegments("/api") || path.StartsWithSegments("/health");
