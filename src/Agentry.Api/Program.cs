using Agentry.Api.Hosting;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

WebApplication app = AgentryApp.Build(args);
await app.RunAsync();
return 0;
