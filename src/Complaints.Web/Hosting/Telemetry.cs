using Complaints.Web.Citizens;
using Complaints.Web.Notifications;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Complaints.Web.Hosting;

// OpenTelemetry traces and metrics, sent over OTLP to a collector (docs/operations.md, Observability): requests, the
// SMS gateway's HTTP calls, database commands, the runtime, and the product's own meter (NotificationMetrics). Off
// unless an endpoint is configured: then no provider is built and no instrument has a listener, so nothing is measured.
public static class Telemetry
{
    public const string Endpoint = "OpenTelemetry:Otlp:Endpoint";
    // The standard variable, which the exporter also reads with its companions (_PROTOCOL, _HEADERS, _TIMEOUT).
    const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddAppTelemetry(this IServiceCollection services, IConfiguration config)
    {
        var endpoint = config[Endpoint];
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(config[StandardEndpoint]))
            return services;
        var postgres = !DataFolder.IsEmbeddedDatabase(config);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["OpenTelemetry:ServiceName"] ?? "complaints"))
            .WithTracing(t =>
            {
                // Probes every few seconds would drown the requests people make.
                t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddOtlpExporter(o => Configure(o, endpoint, "traces", config));
                // One span per database command: Npgsql's own on PostgreSQL, EF Core's on SQLite (which has none).
                // Neither records statements' parameters.
                if (postgres)
                    t.AddNpgsql();
                else
                    t.AddEntityFrameworkCoreInstrumentation();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter("System.Runtime", "Microsoft.EntityFrameworkCore", NotificationMetrics.MeterName)
                    // The outbox gauges exist from the start, whether or not this instance sends anything.
                    .AddInstrumentation(sp => sp.GetRequiredService<NotificationMetrics>())
                    .AddInstrumentation(sp => sp.GetRequiredService<FilingCommit>())
                    .AddOtlpExporter(o => Configure(o, endpoint, "metrics", config));
                if (postgres)
                    m.AddNpgsqlInstrumentation();
            });
        return services;
    }

    // OpenTelemetry:Otlp:Endpoint is the collector's base address; over OTLP/HTTP (the default here, set
    // OpenTelemetry:Otlp:Protocol to grpc otherwise) each signal goes to its own path under it. Without it the
    // exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself.
    static void Configure(OtlpExporterOptions options, string? endpoint, string signal, IConfiguration config)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
            return;
        var grpc = string.Equals(config["OpenTelemetry:Otlp:Protocol"], "grpc", StringComparison.OrdinalIgnoreCase);
        options.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = grpc ? new Uri(endpoint) : new Uri(endpoint.TrimEnd('/') + "/v1/" + signal);
    }
}
