using Microsoft.Extensions.Time.Testing;

namespace Complaints.Tests.Infrastructure;

// The fake clock of a test app, which also counts the timers the app sets on it: a background worker that has
// finished a pass waits on this clock for its next one, so a test knows a pass is over, and moves the clock only then.
public sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    readonly Lock gate = new();
    readonly List<TimeSpan> timers = [];
    TaskCompletionSource timerSet = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (gate)
        {
            timers.Add(dueTime);
            timerSet.SetResult();
            timerSet = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return timer;
    }

    // How many timers of this length the app has set so far.
    public int TimersSet(TimeSpan dueTime)
    {
        lock (gate)
            return timers.Count(t => t == dueTime);
    }

    // Completes once the app has set `count` timers of this length.
    public async Task TimersSetAsync(TimeSpan dueTime, int count, CancellationToken ct)
    {
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (timers.Count(t => t == dueTime) >= count)
                    return;
                next = timerSet.Task;
            }
            await next.WaitAsync(ct);
        }
    }
}
