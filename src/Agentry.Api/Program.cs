using Agentry.Api.Hosting;

WebApplication app = AgentryApp.Build(args);
app.Run();
