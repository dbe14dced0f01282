namespace Agentry.Api.Hosting;

/// <summary>Whether the process has begun shutting down; readiness turns false at once when it has.</summary>
internal sealed class DrainState
{
    private volatile bool _draining;

    public DrainState(IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        lifetime.ApplicationStopping.Register(() => _draining = true);
    }

    public bool Draining => _draining;
}
