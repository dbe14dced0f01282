using System.Text.Json;

namespace Agentry.Testing;

/// <summary>Parses a complete Server-Sent Events body into (event, data) pairs.</summary>
public static class ServerSentEvents
{
    public static List<(string Event, JsonElement Data)> Parse(string body)
    {
        var events = new List<(string, JsonElement)>();
        foreach (string frame in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            string? data = null;
            foreach (string line in frame.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }

            if (name is not null && data is not null)
            {
                events.Add((name, JsonDocument.Parse(data).RootElement.Clone()));
            }
        }

        return events;
    }
}
