namespace Agentry.Bench.Load;

/// <summary>Every run sends the same steps.</summary>
internal sealed class FixedPlan(params LoadStep[] steps) : LoadPlan
{
    public override ValueTask<IReadOnlyList<LoadStep>> NextRunAsync(HttpClient client, int worker, long run, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<LoadStep>>(steps);
}
