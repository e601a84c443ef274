using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Api;

public class BackupApiTests
{
    [Fact]
    public async Task Backup_ThenChanges_RestoreBringsBackExactState()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/users", new { name = "kid", password = "another long secret" });
        var usersBefore = await admin.GetStringAsync("/api/users");

        var backup = await admin.GetAsync("/api/backup");
        Assert.Equal("application/gzip", backup.Content.Headers.ContentType!.MediaType);
        var bytes = await backup.Content.ReadAsByteArrayAsync();

        await admin.DeleteAsync("/api/users/kid");
        await admin.PostAsJsonAsync("/api/users", new { name = "intruder", password = "another long secret" });

        using var content = new ByteArrayContent(bytes);
        var restore = await admin.PostAsync("/api/backup/restore", content);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);

        // The test's token was in the backup too, so the same client still works.
        Assert.Equal(usersBefore, await admin.GetStringAsync("/api/users"));
        Assert.Empty(Directory.GetFiles(Path.Combine(box.DataDir, "tmp")));
    }

    [Fact]
    public async Task Restore_GarbageUpload_RefusedWithReasonAndNothingLost()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        var before = await admin.GetStringAsync("/api/users");

        using var content = new ByteArrayContent("definitely not a backup"u8.ToArray());
        var restore = await admin.PostAsync("/api/backup/restore", content);

        Assert.Equal(HttpStatusCode.BadRequest, restore.StatusCode);
        var problem = JsonDocument.Parse(await restore.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("backup", problem.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await admin.GetStringAsync("/api/users"));
    }
}
