namespace Agentry.Providers;

/// <summary>Reads a secret from configuration, a mounted file or an environment variable, in that order.</summary>
public static class SecretSource
{
    public static string? Resolve(string? configured, string? filePath, string environmentVariable)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        if (!string.IsNullOrWhiteSpace(filePath))
        {
            if (!File.Exists(filePath))
            {
                // The path is configuration, not a secret, so it may be named.
                throw new InvalidOperationException($"The secret file '{filePath}' does not exist.");
            }

            string fromFile = File.ReadAllText(filePath).Trim();
            return fromFile.Length > 0 ? fromFile : null;
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(environmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment.Trim();
    }
}
