using Microsoft.Extensions.Options;
using Responses.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, CommandLineSwitches.Mappings);
builder.Services.AddResponsesServer(builder.Configuration);
builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    kestrel.Listen(kestrel.ApplicationServices.GetRequiredService<IOptions<ServerOptions>>().Value);
});

var app = builder.Build();
app.MapResponsesApi();
if (!app.LoadModels())
{
    return 1;
}

app.Run();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
