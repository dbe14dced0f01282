namespace Agentry.Api.Hosting;

/// <summary>Whether the shared stores are Redis (many replicas) or in memory (one instance).</summary>
internal sealed record StoreMode(bool Redis);
