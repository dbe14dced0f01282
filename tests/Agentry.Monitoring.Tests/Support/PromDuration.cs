using System.Globalization;
using System.Text.RegularExpressions;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>Prometheus durations: 30s, 5m, 1h30m, 3d.</summary>
internal static partial class PromDuration
{
    public static TimeSpan Parse(string text)
    {
        MatchCollection parts = Part().Matches(text);
        Assert.True(parts.Count > 0 && string.Concat(parts.Select(p => p.Value)) == text, $"'{text}' is not a Prometheus duration.");
        TimeSpan total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            long value = long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                "d" => TimeSpan.FromDays(value),
                "w" => TimeSpan.FromDays(7 * value),
                _ => TimeSpan.FromDays(365 * value),
            };
        }

        return total;
    }

    [GeneratedRegex("([0-9]+)(ms|s|m|h|d|w|y)")]
    private static partial Regex Part();
}
