namespace Agentry.Core.Idempotency;

/// <summary>An HTTP answer kept for replay.</summary>
public sealed record StoredResponse(int StatusCode, string ContentType, byte[] Body);
