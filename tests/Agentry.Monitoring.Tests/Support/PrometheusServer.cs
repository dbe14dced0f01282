using System.Net.Http.Json;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>A real Prometheus (Debian's package) on a free loopback port with a temporary TSDB, and its HTTP API.</summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly LocalServer _server;

    private PrometheusServer(LocalServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public string Log => _server.Log;

    /// <summary>Starts Prometheus with the configuration <paramref name="config"/> returns for its port.</summary>
    public static async Task<PrometheusServer> StartAsync(Func<int, string> config)
    {
        int port = FreePort.Next();
        string configText = config(port);
        LocalServer server = await LocalServer.StartAsync("prometheus", "prometheus", port, directory =>
        {
            string configFile = Path.Combine(directory, "prometheus.yml");
            File.WriteAllText(configFile, configText);
            return
            [
                $"--config.file={configFile}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            ];
        }, "/-/ready");
        return new PrometheusServer(server, port);
    }

    /// <summary>POST /api/v1/query; the whole answer, status included (so a caller can report the error).</summary>
    public async Task<JsonElement> QueryAsync(string expression)
    {
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("query", expression)]);
        using HttpResponseMessage response = await _server.Http.PostAsync(new Uri("/api/v1/query", UriKind.Relative), form);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The result vector of an instant query that must succeed.</summary>
    public async Task<JsonElement.ArrayEnumerator> ResultAsync(string expression)
    {
        JsonElement answer = await QueryAsync(expression);
        Assert.True(answer.GetProperty("status").GetString() == "success", $"{expression}\n{answer}");
        return answer.GetProperty("data").GetProperty("result").EnumerateArray();
    }

    public async Task<JsonElement> GetAsync(string pathAndQuery) =>
        await _server.Http.GetFromJsonAsync<JsonElement>(new Uri(pathAndQuery, UriKind.Relative));

    /// <summary>Polls <paramref name="expression"/> until it returns at least one series.</summary>
    public async Task WaitForSeriesAsync(string expression, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if ((await ResultAsync(expression)).Any())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No series for {expression} after {timeout.TotalSeconds} s. Prometheus log:\n{Log}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Waits until a scrape of <paramref name="job"/> started at least <paramref name="margin"/> after
    /// <paramref name="moment"/>: with one-second scrapes, every series that existed at that moment then has samples
    /// on both sides of it, so rate() over it is defined.
    /// </summary>
    public async Task WaitForScrapeAfterAsync(string job, DateTimeOffset moment, TimeSpan margin)
    {
        double wanted = (moment + margin).ToUnixTimeMilliseconds() / 1000.0;
        await WaitForSeriesAsync($"timestamp(up{{job=\"{job}\"}}) >= {wanted.ToString(System.Globalization.CultureInfo.InvariantCulture)}", TimeSpan.FromSeconds(30));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
