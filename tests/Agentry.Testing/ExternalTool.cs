namespace Agentry.Testing;

/// <summary>Finds a program the tests run for real, or fails saying how to install it.</summary>
public static class ExternalTool
{
    public static string Require(string name, string debianPackage)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' is not installed. Install Debian's '{debianPackage}' package (apt-get install {debianPackage}); ./scripts/test.sh does this by itself.");
    }
}
