using HomeTelco.Core;
using HomeTelco.Core.Store;
using HomeTelco.Web;

namespace HomeTelco.Host.Api;

/// <summary>Download a backup of the whole store, or restore one (admins only).</summary>
internal static class BackupEndpoints
{
    /// <summary>Largest backup accepted for restore.</summary>
    public const long MaxBackupBytes = 256L * 1024 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        var backup = api.MapGroup("/backup").RequireAuthorization(PortalAuth.AdminPolicy).WithTags("Backup");
        backup.MapGet("/", (BackupService service, BoxPaths paths, TimeProvider time) =>
        {
            var file = paths.NewTempFile("backup");
            using (var output = PrivateFile.Create(file))
            {
                service.Write(output);
            }

            var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.DeleteOnClose);
            var name = $"hometelco-{time.GetUtcNow():yyyyMMdd-HHmmss}.htbackup";
            return Results.File(stream, "application/gzip", name);
        });

        backup.MapPost("/restore", async (HttpContext http, BackupService service, BoxPaths paths) =>
        {
            var file = paths.NewTempFile("backup");
            try
            {
                await using (var output = PrivateFile.Create(file))
                {
                    await http.Request.Body.CopyToAsync(output, http.RequestAborted).ConfigureAwait(false);
                }

                var count = service.Restore(file);
                return Results.Ok(new RestoreResult(count));
            }
            catch (StoreException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Backup refused", detail: ex.Message);
            }
            finally
            {
                File.Delete(file);
            }
        }).WithMetadata(new RequestSizeLimit(MaxBackupBytes));
    }

    internal sealed record RestoreResult(long Documents);
}
