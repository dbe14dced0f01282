using System.ComponentModel.DataAnnotations;

namespace Agentry.Core.Caching;

/// <summary>The <c>ResponseCache</c> configuration section (the per-agent switch is <c>Agents:{name}:ResponseCache</c>).</summary>
public sealed class ResponseCacheOptions
{
    public const string SectionName = "ResponseCache";

    /// <summary>Bytes of answers the in-memory cache keeps before it evicts.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxInMemoryBytes { get; set; } = 64L * 1024 * 1024;
}
