using System.Globalization;

namespace Agentry.Providers.Simulator;

/// <summary>Draws the fault of one call from the configured rates (or a request's own), and describes its HTTP answer.</summary>
public static class SimulatorFaults
{
    public const string Header = "x-simulator-faults";

    public static SimulatedFault Draw(SimulatorFaultOptions options, string? header, string model, bool streaming, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        if (options.FailModels.Contains(model, StringComparer.OrdinalIgnoreCase))
        {
            return SimulatedFault.Overloaded;
        }

        SimulatorFaultOptions rates = string.IsNullOrWhiteSpace(header) ? options : Parse(header, options);
        double roll = random.NextDouble();
        foreach ((SimulatedFault fault, double rate) in new[]
        {
            (SimulatedFault.RateLimit, rates.RateLimit),
            (SimulatedFault.ServerError, rates.ServerError),
            (SimulatedFault.Overloaded, rates.Overloaded),
            (SimulatedFault.Timeout, rates.Timeout),
            (SimulatedFault.ConnectionReset, rates.ConnectionReset),
            (SimulatedFault.StreamCut, streaming ? rates.StreamCut : 0),
            (SimulatedFault.SlowFirstToken, rates.SlowFirstToken),
        })
        {
            if (roll < rate)
            {
                return fault;
            }

            roll -= rate;
        }

        return SimulatedFault.None;
    }

    /// <summary>Status, Anthropic error type and message of the faults that are HTTP errors.</summary>
    public static (int Status, string Type, string Message)? ErrorOf(SimulatedFault fault) => fault switch
    {
        SimulatedFault.RateLimit => (429, "rate_limit_error", "simulated rate limit"),
        SimulatedFault.ServerError => (500, "api_error", "simulated server error"),
        SimulatedFault.Overloaded => (529, "overloaded_error", "simulated overload"),
        _ => null,
    };

    private static SimulatorFaultOptions Parse(string header, SimulatorFaultOptions defaults)
    {
        var rates = new SimulatorFaultOptions { RetryAfterSeconds = defaults.RetryAfterSeconds, TimeoutDelay = defaults.TimeoutDelay, SlowFirstTokenDelay = defaults.SlowFirstTokenDelay };
        foreach (string part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double rate))
            {
                continue;
            }

            rate = Math.Clamp(rate, 0, 1);
            switch (pair[0])
            {
                case "rate_limit": rates.RateLimit = rate; break;
                case "server_error": rates.ServerError = rate; break;
                case "overloaded": rates.Overloaded = rate; break;
                case "timeout": rates.Timeout = rate; break;
                case "connection_reset": rates.ConnectionReset = rate; break;
                case "stream_cut": rates.StreamCut = rate; break;
                case "slow_first_token": rates.SlowFirstToken = rate; break;
            }
        }

        return rates;
    }
}
