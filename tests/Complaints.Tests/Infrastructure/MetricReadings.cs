using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Complaints.Web.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Infrastructure;

// What a metrics collector would read from one app's "Complaints" meter: its own instruments only (each app has its
// meter factory, and tests run side by side), counters added up, gauges read when asked.
public sealed class MetricReadings : IDisposable
{
    sealed record Reading(string Instrument, double Value, Dictionary<string, string?> Tags);

    readonly MeterListener listener = new();
    readonly ConcurrentQueue<Reading> readings = new();

    public MetricReadings(TestApp app)
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        // The instruments exist once the meter does, as when a collector is configured.
        app.Services.GetRequiredService<NotificationMetrics>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == NotificationMetrics.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        listener.Start();
    }

    void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        readings.Enqueue(new(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));

    static bool Tagged(Reading r, (string Key, string Value)[] tags) => tags.All(t => r.Tags.GetValueOrDefault(t.Key) == t.Value);

    // A counter's total so far, for the measurements that carry these tags.
    public double Total(string instrument, params (string Key, string Value)[] tags) =>
        readings.Where(r => r.Instrument == instrument && Tagged(r, tags)).Sum(r => r.Value);

    public int Count(string instrument) => readings.Count(r => r.Instrument == instrument);

    // A gauge as a collector reads it now.
    public double Gauge(string instrument, params (string Key, string Value)[] tags)
    {
        var before = readings.Count;
        listener.RecordObservableInstruments();
        return Assert.Single(readings.Skip(before), r => r.Instrument == instrument && Tagged(r, tags)).Value;
    }

    public void Dispose() => listener.Dispose();
}
