namespace Agentry.Integration.Tests;

/// <summary>Settings of a replica that shares state through Redis, with a cacheable agent beside the default one.</summary>
internal static class ReplicaSettings
{
    public static Dictionary<string, string> For(string redis, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = redis,
            ["Agents__cached__Description"] = "Deterministic agent whose answers are cached.",
            ["Agents__cached__Provider"] = "simulator",
            ["Agents__cached__Model"] = "claude-sonnet-4-5",
            ["Agents__cached__Temperature"] = "0",
            ["Agents__cached__Tools__0"] = "calculator",
            ["Agents__cached__ResponseCache__Enabled"] = "true",
            ["Agents__cached__ResponseCache__TimeToLive"] = "00:10:00",
        };
        foreach ((string key, string value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }
}
