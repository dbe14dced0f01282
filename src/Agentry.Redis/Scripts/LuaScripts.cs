using System.Reflection;

namespace Agentry.Redis.Scripts;

/// <summary>The Lua scripts, embedded in the assembly; StackExchange.Redis sends each once and then runs it by its SHA.</summary>
internal static class LuaScripts
{
    public static readonly string SessionCreate = Load("session_create");
    public static readonly string SessionGet = Load("session_get");
    public static readonly string SessionAppend = Load("session_append");
    public static readonly string IdempotencyClaim = Load("idempotency_claim");
    public static readonly string IdempotencyComplete = Load("idempotency_complete");
    public static readonly string BudgetReserve = Load("budget_reserve");
    public static readonly string BudgetSettle = Load("budget_settle");
    public static readonly string RateLimitAdmit = Load("rate_limit_admit");
    public static readonly string RateLimitCharge = Load("rate_limit_charge");

    private static string Load(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Agentry.Redis.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Lua script {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
