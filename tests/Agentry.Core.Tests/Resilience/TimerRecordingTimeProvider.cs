using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Core.Tests.Resilience;

/// <summary>A fake clock that also records the due time of every timer made on it, so a test can see a wait begin.</summary>
internal sealed class TimerRecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();

    public IReadOnlyCollection<TimeSpan> DueTimes => _dueTimes;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _dueTimes.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
