var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/healthz", () => "ok");
app.Run();
