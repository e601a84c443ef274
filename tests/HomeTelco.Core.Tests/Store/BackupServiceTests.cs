using System.IO.Compression;
using System.Text;
using HomeTelco.Core.Store;
using HomeTelco.Core.Users;
using LiteDB;

namespace HomeTelco.Core.Tests.Store;

public class BackupServiceTests
{
    [Fact]
    public void WriteThenRestore_IntoAnotherStore_RoundTripsEveryCollection()
    {
        using var source = new Services();
        source.Users.Add("anna", "correct horse battery", UserRole.Admin);
        source.Users.Add("ben", "another long secret", UserRole.Member);
        source.Tokens.Create("anna", "home assistant");
        source.Settings.Set("box.name", "attic");
        source.Store.Collection<BsonDocument>("engine_data").Insert(new BsonDocument { ["_id"] = 7, ["blob"] = new byte[] { 1, 2, 3 }, ["when"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) });
        var file = Path.Combine(source.Folder, "b.htbackup");
        using (var output = File.Create(file))
        {
            source.Backups.Write(output);
        }

        using var target = new Services();
        target.Users.Add("stranger", "will be replaced", UserRole.Admin);
        var restored = target.Backups.Restore(file);

        Assert.Equal(source.Store.CollectionNames(), target.Store.CollectionNames());
        foreach (var name in source.Store.CollectionNames())
        {
            var expected = source.Store.Collection<BsonDocument>(name).FindAll().Select(d => JsonSerializer.Serialize(d)).Order(StringComparer.Ordinal);
            var actual = target.Store.Collection<BsonDocument>(name).FindAll().Select(d => JsonSerializer.Serialize(d)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, actual);
        }

        Assert.Equal(5, restored);
        Assert.Null(target.Users.Find("stranger"));
        Assert.NotNull(target.Users.CheckPassword("anna", "correct horse battery"));
    }

    [Fact]
    public void Restore_TruncatedBackup_RefusedAndStoreUnchanged()
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        var file = Path.Combine(box.Folder, "b.htbackup");
        var raw = new MemoryStream();
        box.Backups.Write(raw);
        var lines = Decompress(raw.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        File.WriteAllBytes(file, Compress(string.Join('\n', lines[..^1]) + "\n"));
        box.Users.Add("ben", "another long secret", UserRole.Member);

        var ex = Assert.Throws<StoreException>(() => box.Backups.Restore(file));

        Assert.Contains("cut short", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(box.Users.Find("ben"));
    }

    [Fact]
    public void Restore_BackupFromNewerSchema_RefusedWithVersions()
    {
        using var box = new Services();
        var file = Path.Combine(box.Folder, "b.htbackup");
        var header = $"{{\"format\":\"hometelco-backup\",\"formatVersion\":1,\"schemaVersion\":{SchemaMigrations.CurrentVersion + 1}}}";
        File.WriteAllBytes(file, Compress(header + "\n{\"end\":true,\"count\":0}\n"));

        var ex = Assert.Throws<StoreException>(() => box.Backups.Restore(file));

        Assert.Contains("newer HomeTelco", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not gzip at all")]
    [InlineData("")]
    public void Restore_NotABackup_Refused(string content)
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        var file = Path.Combine(box.Folder, "b.htbackup");
        File.WriteAllText(file, content);

        Assert.Throws<StoreException>(() => box.Backups.Restore(file));
        Assert.NotNull(box.Users.Find("anna"));
    }

    [Fact]
    public void Restore_GzipOfForeignJson_Refused()
    {
        using var box = new Services();
        var file = Path.Combine(box.Folder, "b.htbackup");
        File.WriteAllBytes(file, Compress("{\"hello\":\"world\"}\n"));

        var ex = Assert.Throws<StoreException>(() => box.Backups.Restore(file));

        Assert.Contains("not a HomeTelco backup", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_DocumentLineDamaged_Refused()
    {
        using var box = new Services();
        var file = Path.Combine(box.Folder, "b.htbackup");
        var header = $"{{\"format\":\"hometelco-backup\",\"formatVersion\":1,\"schemaVersion\":1}}";
        File.WriteAllBytes(file, Compress(header + "\n{\"c\":\"users\",\"d\":{\"Name\":\n{\"end\":true,\"count\":1}\n"));

        Assert.Throws<StoreException>(() => box.Backups.Restore(file));
    }

    private static byte[] Compress(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static string Decompress(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }
}
