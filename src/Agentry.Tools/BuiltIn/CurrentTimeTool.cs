using System.Globalization;
using System.Text.Json;
using Agentry.Core.Tools;

namespace Agentry.Tools.BuiltIn;

/// <summary>Tells the current date and time, in UTC or in an IANA time zone.</summary>
internal sealed class CurrentTimeTool : AgentTool
{
    public const string ToolName = "current_time";
    private readonly TimeProvider _time;

    public CurrentTimeTool(TimeProvider time)
        : base(
            ToolName,
            "Returns the current date and time in ISO 8601, in UTC unless an IANA time zone such as Europe/Paris is given.",
            """
            {
              "type": "object",
              "properties": {
                "timezone": { "type": "string", "maxLength": 64, "description": "IANA time zone id; UTC when omitted." }
              },
              "additionalProperties": false
            }
            """)
    {
        _time = time;
    }

    protected override ValueTask<string> InvokeAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (arguments.TryGetProperty("timezone", out JsonElement zoneElement) && zoneElement.GetString() is { Length: > 0 } zoneId
            && !string.Equals(zoneId, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out TimeZoneInfo? zone))
            {
                throw new ToolException("unknown time zone");
            }

            now = TimeZoneInfo.ConvertTime(now, zone);
        }

        return ValueTask.FromResult(now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
    }
}
