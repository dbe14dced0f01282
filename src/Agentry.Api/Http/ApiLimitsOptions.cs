using System.ComponentModel.DataAnnotations;

namespace Agentry.Api.Http;

/// <summary>The <c>Api:Limits</c> configuration section: what one request may carry.</summary>
public sealed class ApiLimitsOptions
{
    public const string SectionName = "Api:Limits";

    /// <summary>Largest request body, in bytes (Kestrel refuses larger ones with 413).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest <c>input</c>, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxInputChars { get; set; } = 100_000;

    [Range(0, 256)]
    public int MaxMetadataEntries { get; set; } = 16;

    [Range(1, 4096)]
    public int MaxMetadataValueChars { get; set; } = 256;
}
