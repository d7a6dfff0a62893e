using System.Net;
using Complaints.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Complaints.Tests.Hosting;

// Traces and metrics reach the collector an operator configures, and nothing is set up without one. The database
// commands are traced by a different source on each database, hence both.
public abstract class TelemetryTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task With_an_endpoint_a_filing_is_traced_from_the_request_to_the_database_and_the_meters_are_exported()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var app = await TestApp.StartAsync(Kind, new() { ["OpenTelemetry:Otlp:Endpoint"] = collector.Url, ["OpenTelemetry:ServiceName"] = "complaints-under-test" });
        try
        {
            var citizen = app.Browser("fr");
            var form = await citizen.GetPageAsync("/sefrou/file");
            var filed = await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint());
            Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
            // What is batched leaves now rather than at the export interval.
            Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush());
            Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());
        }
        finally
        {
            await app.DisposeAsync();
        }

        var traces = collector.Text("traces");
        Assert.Contains("complaints-under-test", traces);
        Assert.Contains("POST {commune}/file", traces);
        Assert.Contains(Kind == DatabaseKind.Postgres ? "Npgsql" : "OpenTelemetry.Instrumentation.EntityFrameworkCore", traces);
        var metrics = collector.Text("metrics");
        Assert.Contains("http.server.request.duration", metrics);
        Assert.Contains("complaints.outbox.pending", metrics);
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_traced_or_measured()
    {
        Assert.Null(App.Services.GetService<TracerProvider>());
        Assert.Null(App.Services.GetService<MeterProvider>());
    }

    public sealed class OnSqlite() : TelemetryTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : TelemetryTests(DatabaseKind.Postgres);
}
