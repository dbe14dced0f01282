using System.Security.Cryptography;

namespace Agentry.Core.Sessions;

/// <summary>Identifiers that are unguessable and sort by creation time.</summary>
public static class SessionIds
{
    public static string New() => "ses_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewRun() => "run_" + Guid.CreateVersion7().ToString("N");

    /// <summary>Ids are short printable ASCII; anything else is refused before it reaches a store.</summary>
    public static bool IsWellFormed(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
