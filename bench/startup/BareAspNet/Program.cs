// The anchor: an empty app with one route. "--full" uses the default builder (what most apps start
// from), otherwise the slim builder the box itself uses.
var full = args.Contains("--full");
var rest = args.Where(a => a != "--full").ToArray();
var builder = full ? WebApplication.CreateBuilder(rest) : WebApplication.CreateSlimBuilder(rest);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();
