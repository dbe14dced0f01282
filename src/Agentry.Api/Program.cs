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

return await StartupRefusal.RunAsync(args);
