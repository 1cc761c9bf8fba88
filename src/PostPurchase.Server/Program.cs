using PostPurchase.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPostPurchase();

var app = builder.Build();
app.MapPostPurchase();
app.Run();

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
