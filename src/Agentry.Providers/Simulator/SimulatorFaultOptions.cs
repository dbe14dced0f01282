using System.ComponentModel.DataAnnotations;

namespace Agentry.Providers.Simulator;

/// <summary>
/// <c>Simulator:Faults</c>: how often the simulator misbehaves, each rate between 0 and 1, drawn per call.
/// Over HTTP a request may set its own rates with the header
/// <c>x-simulator-faults: rate_limit=0.1,server_error=0.1,overloaded=0.1,connection_reset=0.05</c>.
/// </summary>
public sealed class SimulatorFaultOptions
{
    /// <summary>429 rate_limit_error with <c>retry-after</c>.</summary>
    [Range(0.0, 1.0)]
    public double RateLimit { get; set; }

    /// <summary>500 api_error.</summary>
    [Range(0.0, 1.0)]
    public double ServerError { get; set; }

    /// <summary>529 overloaded_error.</summary>
    [Range(0.0, 1.0)]
    public double Overloaded { get; set; }

    /// <summary>No answer for <see cref="TimeoutDelay"/>.</summary>
    [Range(0.0, 1.0)]
    public double Timeout { get; set; }

    /// <summary>The connection drops before any byte of the answer.</summary>
    [Range(0.0, 1.0)]
    public double ConnectionReset { get; set; }

    /// <summary>A streamed answer stops half-way (the connection drops after some text).</summary>
    [Range(0.0, 1.0)]
    public double StreamCut { get; set; }

    /// <summary>The first token waits <see cref="SlowFirstTokenDelay"/> more.</summary>
    [Range(0.0, 1.0)]
    public double SlowFirstToken { get; set; }

    public TimeSpan SlowFirstTokenDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan TimeoutDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Value of <c>retry-after</c> on 429 and 529 answers.</summary>
    [Range(0, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Models that always answer 529 (a dead model, for fallback tests).</summary>
    public IList<string> FailModels { get; } = [];
}
