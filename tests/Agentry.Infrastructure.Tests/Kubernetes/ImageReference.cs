namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>An image reference split into repository, tag and digest (registry ports are not tags).</summary>
internal sealed record ImageReference(string Repository, string? Tag, string? Digest)
{
    public bool IsPinned => Digest is not null || (Tag is not null && Tag != "latest");

    public static ImageReference Parse(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        string? digest = null;
        int at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }

        int slash = image.LastIndexOf('/');
        int colon = image.LastIndexOf(':');
        return colon > slash
            ? new ImageReference(image[..colon], image[(colon + 1)..], digest)
            : new ImageReference(image, null, digest);
    }
}
