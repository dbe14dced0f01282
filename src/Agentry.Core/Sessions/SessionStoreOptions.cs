using System.ComponentModel.DataAnnotations;

namespace Agentry.Core.Sessions;

/// <summary>The <c>Sessions</c> configuration section.</summary>
public sealed class SessionStoreOptions
{
    public const string SectionName = "Sessions";

    /// <summary>How long an idle session lives; every use refreshes it.</summary>
    public TimeSpan IdleTimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Messages kept per session; older whole turns are trimmed first.</summary>
    [Range(2, 10_000)]
    public int MaxMessages { get; set; } = 200;

    /// <summary>Sessions the in-memory store keeps before it refuses new ones (the in-memory store is for one instance only).</summary>
    [Range(1, 10_000_000)]
    public int MaxInMemorySessions { get; set; } = 100_000;
}
