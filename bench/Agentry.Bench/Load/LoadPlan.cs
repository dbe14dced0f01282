namespace Agentry.Bench.Load;

/// <summary>What each run of a load phase sends.</summary>
internal abstract class LoadPlan
{
    /// <summary>
    /// Untimed preparation of the next run of <paramref name="worker"/> (a new session now and then), then the
    /// steps of the timed run, sent in order.
    /// </summary>
    public abstract ValueTask<IReadOnlyList<LoadStep>> NextRunAsync(HttpClient client, int worker, long run, CancellationToken cancellationToken);
}
