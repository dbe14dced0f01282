using System.Diagnostics;

namespace Agentry.Core.Telemetry;

/// <summary>Names of Agentry's own meter and activity source, and of the Microsoft.Extensions.AI ones the host must add.</summary>
public static class AgentryTelemetry
{
    public const string MeterName = "Agentry";

    public const string ActivitySourceName = "Agentry";

    /// <summary>Microsoft.Extensions.AI publishes its gen_ai.client.* instruments and spans under this exact name.</summary>
    public const string ExtensionsAiSourceName = "Experimental.Microsoft.Extensions.AI";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
