using PostPurchase.Server.Health;
using PostPurchase.Server.Hosting;
using PostPurchase.Server.Simulations;

if (args.Contains("--healthcheck"))
    return await HealthProbe.RunAsync(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));

var builder = WebApplication.CreateBuilder(args);
if (args.FirstOrDefault() is "simulate" or "users") builder.Configuration["Logging:LogLevel:Default"] = "Warning"; // the report is the output
builder.AddPostPurchase();

var app = builder.Build();
if (args.FirstOrDefault() == "simulate")
    return await SimulateCommand.RunAsync(app, args);
if (args.FirstOrDefault() == "users")
    return await PostPurchase.Server.Security.UsersCommand.RunAsync(app, args);

app.MapPostPurchase();
app.Run();
return 0;

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
