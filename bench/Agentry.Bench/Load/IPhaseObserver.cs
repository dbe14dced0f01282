namespace Agentry.Bench.Load;

/// <summary>Called at the exact edges of the measured window, to read CPU, memory and counters of the processes under test.</summary>
internal interface IPhaseObserver
{
    Task OnWindowStartAsync(CancellationToken cancellationToken);

    Task OnWindowEndAsync(CancellationToken cancellationToken);
}
