namespace Agentry.Api.Hosting;

/// <summary>
/// <c>Agentry.Api --healthcheck [url]</c>: asks a running instance whether it is ready and exits 0 or 1.
/// The runtime image has no shell and no curl, so container health checks call the service's own binary.
/// </summary>
public static class HealthProbe
{
    public const string Flag = "--healthcheck";
    private const string DefaultUrl = "http://127.0.0.1:8000/health/ready";

    public static bool IsRequested(string[] args) => args is [Flag, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string url = args.Length > 1 ? args[1] : DefaultUrl;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(url)).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"{url}: {(int)response.StatusCode}").ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Out.WriteLineAsync($"{url}: {ex.GetType().Name}").ConfigureAwait(false);
            return 1;
        }
    }
}
