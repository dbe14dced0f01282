using Agentry.Api.Hosting;
using Agentry.Api.Security;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

if (SecurityCommands.IsRequested(args))
{
    return await SecurityCommands.RunAsync(args, Console.Out);
}

WebApplication app = AgentryApp.Build(args);
await app.RunAsync();
return 0;
