using Microsoft.Extensions.AI;

namespace Agentry.Core.Telemetry;

/// <summary><c>UseAgentryTelemetry()</c>: Microsoft.Extensions.AI's OpenTelemetry client as Agentry configures it.</summary>
public static class TelemetryChatClientBuilderExtensions
{
    /// <summary>The gen_ai.client.* metrics and spans of the calls below, never with prompts or answers in them.</summary>
    public static ChatClientBuilder UseAgentryTelemetry(this ChatClientBuilder builder) =>
        builder.UseOpenTelemetry(configure: telemetry => telemetry.EnableSensitiveData = false);
}
