namespace Agentry.Core.Resilience;

/// <summary>What a failed model call means for retrying it.</summary>
/// <param name="Transient">Worth another attempt (429, 5xx, 529, timeouts, dropped connections).</param>
/// <param name="Reason">A small fixed word for metrics: rate_limited, overloaded, server_error, timeout, connection, client_error, unknown.</param>
/// <param name="StatusCode">The provider's HTTP status, when there was one.</param>
/// <param name="RetryAfter">How long the provider asked us to wait, when it said.</param>
public readonly record struct ProviderError(bool Transient, string Reason, int? StatusCode, TimeSpan? RetryAfter);
