namespace Agentry.Testing;

/// <summary>Waits on the service's <c>agent_runs_in_flight</c> gauge: it moves once a run has read its session and is about to call the model.</summary>
public static class RunsInFlight
{
    public static async Task WaitForAsync(HttpClient management, int runs)
    {
        ArgumentNullException.ThrowIfNull(management);
        for (int attempt = 0; attempt < 500; attempt++)
        {
            string metrics = await management.GetStringAsync(new Uri("/metrics", UriKind.Relative)).ConfigureAwait(false);
            if (PrometheusText.Sum(metrics, "agent_runs_in_flight") >= runs)
            {
                return;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        throw new TimeoutException($"agent_runs_in_flight never reached {runs}.");
    }
}
