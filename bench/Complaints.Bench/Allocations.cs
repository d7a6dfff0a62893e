using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Complaints.Bench;

// What a scenario allocates, by type: the runtime's allocation ticks (one event about every 100 kB allocated, naming
// the type of the object that crossed the mark), summed while a measured run lasts. A sample, not an exact count, but
// the large allocators stand out. `load postgres 30 track --allocations`.
sealed class Allocations : EventListener
{
    const EventKeywords GcKeyword = (EventKeywords)0x1;
    readonly ConcurrentDictionary<string, long> bytes = new();
    volatile bool recording;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!recording || e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null)
            return;
        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    public void Start()
    {
        bytes.Clear();
        recording = true;
    }

    // Bytes per request by type, the largest first.
    public IEnumerable<(string Type, double PerRequest)> Stop(double requests)
    {
        recording = false;
        return bytes.OrderByDescending(b => b.Value).Take(15).Select(b => (b.Key, b.Value / requests));
    }
}
