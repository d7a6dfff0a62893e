using System.Collections.Concurrent;

namespace Complaints.Web.Statistics;

// The public comparison of every commune, kept computed per period (ADR 17): a million complaints over three years
// take some 800 ms of CPU to add up, and every visitor of /figures asks for the same numbers. A comparison is never
// served older than MaxAge (the public page and the JSON say when it was computed); past half that age, the next
// visitor still gets it at once while a new one is computed in the background. The staff dashboards and a single
// commune's public figures are not kept: they stay exact (FiguresQuery).
public sealed class NationalComparison(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<NationalComparison> log)
{
    // Periods are typed freely (from/to): beyond this many kept at once, stale ones are dropped, then none is kept.
    const int MaxPeriods = 64;

    readonly ConcurrentDictionary<Period, Slot> slots = new();

    // Figures:NationalMaxAgeMinutes; 0 computes every comparison when it is asked for.
    public TimeSpan MaxAge { get; } = TimeSpan.FromMinutes(configuration.GetValue("Figures:NationalMaxAgeMinutes", 10));

    public async Task<NationalFigures> GetAsync(Period period, CancellationToken ct)
    {
        if (MaxAge <= TimeSpan.Zero || SlotFor(period) is not { } slot)
            return await ComputeAsync(period, ct);
        var kept = slot.Kept;
        var age = clock.GetUtcNow() - kept?.AsOf;
        if (kept is not null && age < MaxAge)
        {
            if (age >= MaxAge / 2)
                _ = Refresh(period, slot).ContinueWith(t => log.LogError(t.Exception, "The national comparison of {From} to {To} could not be computed.",
                    period.From, period.To), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return kept;
        }
        // Nothing recent enough: whoever asks meanwhile waits for the same computation.
        return await Refresh(period, slot).WaitAsync(ct);
    }

    Slot? SlotFor(Period period)
    {
        if (slots.TryGetValue(period, out var slot))
            return slot;
        if (slots.Count >= MaxPeriods)
        {
            var now = clock.GetUtcNow();
            foreach (var (key, old) in slots)
                if (old.Running is null && (old.Kept is null || now - old.Kept.AsOf >= MaxAge))
                    slots.TryRemove(key, out _);
            if (slots.Count >= MaxPeriods)
                return null;
        }
        return slots.GetOrAdd(period, _ => new Slot());
    }

    // One computation per period at a time; it keeps its result unless a later one already did.
    Task<NationalFigures> Refresh(Period period, Slot slot)
    {
        lock (slot.Gate)
        {
            return slot.Running ??= Task.Run(async () =>
            {
                try
                {
                    var figures = await ComputeAsync(period, CancellationToken.None);
                    if (slot.Kept is null || figures.AsOf > slot.Kept.AsOf)
                        slot.Kept = figures;
                    return figures;
                }
                finally
                {
                    lock (slot.Gate)
                        slot.Running = null;
                }
            });
        }
    }

    // In a scope of its own: a computation outlives the request that started it, and serves others.
    async Task<NationalFigures> ComputeAsync(Period period, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<FiguresQuery>().NationalAsync(period, ct);
    }

    sealed class Slot
    {
        public readonly Lock Gate = new();
        public volatile NationalFigures? Kept;
        public Task<NationalFigures>? Running;
    }
}
