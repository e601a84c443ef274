using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Tests.Extensions;

public class ExtensionServiceTests
{
    private const string Password = "kitchen-phone-secret";

    [Fact]
    public void Create_WithPassword_StoresHa1sMatchingCoreutilsAndNeverThePassword()
    {
        using var box = new Services();

        var saved = box.Extensions.Create("101", "  Kitchen  ", Password);

        var realm = box.Extensions.Realm;
        Assert.Null(saved.GeneratedPassword);
        Assert.Equal("Kitchen", saved.Extension.DisplayName);
        Assert.Equal(realm, saved.Extension.Realm);
        // md5sum and sha256sum hash exactly the bytes printf gives them: a code path that shares nothing with ours.
        Assert.Equal(Coreutils("md5sum", $"101:{realm}:{Password}"), saved.Extension.Ha1Md5);
        Assert.Equal(Coreutils("sha256sum", $"101:{realm}:{Password}"), saved.Extension.Ha1Sha256);
        Assert.Equal(box.Time.GetUtcNow(), saved.Extension.CreatedAt);

        var raw = box.Store.Collection<BsonDocument>(Collections.Extensions).FindAll().Single();
        var json = JsonSerializer.Serialize(raw);
        Assert.DoesNotContain(Password, json, StringComparison.Ordinal);
        Assert.Equal(saved.Extension.Ha1Md5, raw["Ha1Md5"].AsString);
    }

    [Fact]
    public void Ha1_Md5_Rfc2617Section35ExampleGivesPublishedResponse()
    {
        // RFC 2617 §3.5 publishes the response, not the HA1: the rest of the digest is computed here independently.
        var ha1 = ExtensionService.Ha1(HashAlgorithmName.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life");

        var ha2 = H(HashAlgorithmName.MD5, "GET:/dir/index.html");
        var response = H(HashAlgorithmName.MD5, $"{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:{ha2}");

        Assert.Equal("939e7578ed9e3c518a452acee763bce9", ha1);
        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Ha1_Rfc7616Section391Example_GivesPublishedResponse(string algorithm, string expected)
    {
        // RFC 7616 §3.9.1 with erratum 4495 ("Circle of Life", lower-case "of").
        var name = new HashAlgorithmName(algorithm);
        var ha1 = ExtensionService.Ha1(name, "Mufasa", "http-auth@example.org", "Circle of Life");

        var response = H(name, $"{ha1}:7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v:00000001:f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ:auth:{H(name, "GET:/dir/index.html")}");

        Assert.Equal(expected, response);
    }

    [Fact]
    public void Create_WithoutPassword_GeneratesOneThatPassesPolicyAndMatchesHa1()
    {
        using var box = new Services();

        var first = box.Extensions.Create("101", null, null);
        var second = box.Extensions.Create("102", null, "");

        var generated = Assert.IsType<string>(first.GeneratedPassword);
        Assert.Equal(20, generated.Length);
        Assert.Null(ExtensionPolicy.CheckPassword("101", generated));
        Assert.NotEqual(generated, second.GeneratedPassword);
        Assert.Equal(Coreutils("md5sum", $"101:{box.Extensions.Realm}:{generated}"), first.Extension.Ha1Md5);
        Assert.Equal(Coreutils("sha256sum", $"102:{box.Extensions.Realm}:{second.GeneratedPassword}"), second.Extension.Ha1Sha256);
        Assert.Equal("", first.Extension.DisplayName);
    }

    [Fact]
    public void Update_EmptyPasswordManyTimes_GeneratedNeverContainsTheNumber()
    {
        // A two-digit number turns up in about 1 in 160 random passwords of this alphabet; those must be drawn again,
        // not refused. 1000 draws would hit that case with near certainty (1 - (159/160)^1000 > 99.8%).
        using var box = new Services();
        box.Extensions.Create("23", null, Password);

        for (var i = 0; i < 1000; i++)
        {
            var generated = box.Extensions.Update("23", null, "").GeneratedPassword!;
            Assert.DoesNotContain("23", generated, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("1", "Kitchen", Password, "2 to 10 digits")]
    [InlineData("abc", "Kitchen", Password, "2 to 10 digits")]
    [InlineData("101", "The \"boss\"", Password, "must not contain")]
    [InlineData("101", "Kitchen", "short", "at least 12")]
    [InlineData("101", "Kitchen", "phone-101-secret", "extension number")]
    public void Create_BadInput_RefusedAsBadRequestAndNothingStored(string number, string name, string password, string reason)
    {
        using var box = new Services();

        var ex = Assert.Throws<BoxRequestException>(() => box.Extensions.Create(number, name, password));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsConflict || ex.IsNotFound);
        Assert.Equal(0, box.Extensions.Count);
        Assert.Equal(0, box.Store.Collection<BsonDocument>(Collections.Extensions).Count());
    }

    [Fact]
    public void Create_ExistingNumber_ConflictAndOriginalKept()
    {
        using var box = new Services();
        var original = box.Extensions.Create("101", "Kitchen", Password);

        var ex = Assert.Throws<BoxRequestException>(() => box.Extensions.Create("101", "Intruder", "another-password-x"));

        Assert.True(ex.IsConflict);
        Assert.Contains("101 already exists", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Kitchen", box.Extensions.Find("101")!.DisplayName);
        Assert.Equal(original.Extension.Ha1Md5, box.Extensions.FindCredentials("101")!.Ha1Md5);
        Assert.Equal(1, box.Extensions.Count);
    }

    [Fact]
    public void UpdateAndRemove_UnknownNumber_NotFound()
    {
        using var box = new Services();
        box.Extensions.Create("101", "Kitchen", Password);

        var update = Assert.Throws<BoxRequestException>(() => box.Extensions.Update("102", "Hall", null));
        var remove = Assert.Throws<BoxRequestException>(() => box.Extensions.Remove("102"));

        Assert.True(update.IsNotFound);
        Assert.True(remove.IsNotFound);
        Assert.Contains("no extension 102", remove.Message, StringComparison.Ordinal);
        Assert.Equal(1, box.Extensions.Count);
    }

    [Fact]
    public void Update_NothingGiven_RefusedAsBadRequest()
    {
        using var box = new Services();
        box.Extensions.Create("101", "Kitchen", Password);

        var ex = Assert.Throws<BoxRequestException>(() => box.Extensions.Update("101", null, null));

        Assert.Contains("Nothing to change", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsNotFound || ex.IsConflict);
    }

    [Fact]
    public void Update_NameOnly_KeepsHa1s_PasswordOnly_KeepsName()
    {
        using var box = new Services();
        var created = box.Extensions.Create("101", "Kitchen", Password);
        box.Time.Advance(TimeSpan.FromMinutes(5));

        var renamed = box.Extensions.Update("101", "Hall", null);
        var rekeyed = box.Extensions.Update("101", null, "a-new-long-password");

        Assert.Null(renamed.GeneratedPassword);
        Assert.Equal("Hall", renamed.Extension.DisplayName);
        Assert.Equal(created.Extension.Ha1Md5, renamed.Extension.Ha1Md5);
        Assert.Equal(created.Extension.CreatedAt.AddMinutes(5), renamed.Extension.UpdatedAt);
        Assert.Equal(created.Extension.CreatedAt, renamed.Extension.CreatedAt);
        Assert.Null(rekeyed.GeneratedPassword);
        Assert.Equal("Hall", rekeyed.Extension.DisplayName);
        Assert.Equal(Coreutils("md5sum", $"101:{box.Extensions.Realm}:a-new-long-password"), rekeyed.Extension.Ha1Md5);
        Assert.Equal(Coreutils("sha256sum", $"101:{box.Extensions.Realm}:a-new-long-password"), rekeyed.Extension.Ha1Sha256);
    }

    [Fact]
    public void Snapshot_AfterEachWrite_ReadsAnswerWithoutReopening()
    {
        using var box = new Services();
        var changes = new List<string>();
        box.Extensions.Changed += changes.Add;

        box.Extensions.Create("102", "Hall", Password);
        box.Extensions.Create("101", "Kitchen", Password);
        box.Extensions.Create("1000", "Garage", Password);
        Assert.Equal(["101", "102", "1000"], box.Extensions.List().Select(e => e.Number));
        Assert.Equal("Kitchen", box.Extensions.Find("101")!.DisplayName);

        box.Extensions.Update("101", "Kitchen wall", null);
        Assert.Equal("Kitchen wall", box.Extensions.Find("101")!.DisplayName);

        var before = box.Extensions.FindCredentials("102")!;
        box.Extensions.Update("102", null, "hall-phone-new-secret");
        var after = box.Extensions.FindCredentials("102")!;
        Assert.NotEqual(before.Ha1Md5, after.Ha1Md5);
        Assert.Equal(Coreutils("md5sum", $"102:{after.Realm}:hall-phone-new-secret"), after.Ha1Md5);

        box.Extensions.Remove("1000");
        Assert.Null(box.Extensions.Find("1000"));
        Assert.Null(box.Extensions.FindCredentials("1000"));
        Assert.Equal(2, box.Extensions.Count);
        Assert.Equal(["102", "101", "1000", "101", "102", "1000"], changes);
    }

    [Fact]
    public void Find_ReturnedObjectChanged_SnapshotUntouched()
    {
        using var box = new Services();
        box.Extensions.Create("101", "Kitchen", Password);

        var found = box.Extensions.Find("101")!;
        found.DisplayName = "Scribbled";
        found.Ha1Md5 = "00";
        box.Extensions.List()[0].Realm = "elsewhere";

        Assert.Equal("Kitchen", box.Extensions.Find("101")!.DisplayName);
        Assert.NotEqual("00", box.Extensions.FindCredentials("101")!.Ha1Md5);
        Assert.Equal(box.Extensions.Realm, box.Extensions.FindCredentials("101")!.Realm);
    }

    [Fact]
    public void Realm_ReopenedStore_SameRealmAndCredentials()
    {
        using var folder = new TempFolder();
        string realm;
        ExtensionCredentials credentials;
        using (var store = HomeStore.Open(folder.Path))
        {
            var service = new ExtensionService(store, new SettingsStore(store), TimeProvider.System);
            realm = service.Realm;
            service.Create("101", "Kitchen", Password);
            credentials = service.FindCredentials("101")!;
            Assert.Equal(realm, credentials.Realm);
        }

        using (var store = HomeStore.Open(folder.Path))
        {
            var service = new ExtensionService(store, new SettingsStore(store), TimeProvider.System);
            Assert.Equal(realm, service.Realm);
            Assert.Equal(credentials, service.FindCredentials("101"));
            Assert.Equal("Kitchen", service.Find("101")!.DisplayName);
        }

        Assert.Matches("^hometelco-[a-z2-7]{6}$", realm);
    }

    [Fact]
    public void Realm_TwoBoxes_Differ()
    {
        // Random per box, so HA1s lifted from one box's backup are no use against another.
        using var one = new Services();
        using var two = new Services();

        Assert.NotEqual(one.Extensions.Realm, two.Extensions.Realm);
    }

    [Fact]
    public void Create_BoxFull_ConflictUntilOneIsRemoved()
    {
        using var box = new Services();
        var realm = box.Extensions.Realm;
        var ha1 = ExtensionService.Ha1(HashAlgorithmName.MD5, "x", realm, Password);
        box.Store.Collection<Extension>(Collections.Extensions).InsertBulk(Enumerable.Range(0, ExtensionPolicy.MaxExtensions)
            .Select(i => new Extension { Number = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Realm = realm, Ha1Md5 = ha1, Ha1Sha256 = ha1 }));
        box.Extensions.Reload();
        Assert.Equal(ExtensionPolicy.MaxExtensions, box.Extensions.Count);

        var ex = Assert.Throws<BoxRequestException>(() => box.Extensions.Create("99", "One too many", Password));

        Assert.True(ex.IsConflict);
        Assert.Contains("at most 1000 extensions", ex.Message, StringComparison.Ordinal);
        box.Extensions.Remove("1000");
        Assert.Equal("99", box.Extensions.Create("99", "Fits now", Password).Extension.Number);
        Assert.Equal(ExtensionPolicy.MaxExtensions, box.Extensions.Count);
    }

    [Fact]
    public void Restore_Backup_SnapshotReloadedAndChangesReported()
    {
        using var box = new Services();
        box.Extensions.Create("101", "Kitchen", Password);
        box.Extensions.Create("102", "Hall", Password);
        var kitchen = box.Extensions.FindCredentials("101");
        var file = Path.Combine(box.Folder, "b.htbackup");
        using (var output = File.Create(file))
        {
            box.Backups.Write(output);
        }

        box.Extensions.Remove("101");
        box.Extensions.Update("102", "Hallway", null);
        box.Extensions.Create("103", "Intruder", Password);
        var changes = new List<string>();
        box.Extensions.Changed += changes.Add;

        box.Backups.Restore(file);

        Assert.Equal(["101", "102"], box.Extensions.List().Select(e => e.Number));
        Assert.Equal(kitchen, box.Extensions.FindCredentials("101"));
        Assert.Equal("Hall", box.Extensions.Find("102")!.DisplayName);
        Assert.Null(box.Extensions.FindCredentials("103"));
        Assert.Equal(["101", "102", "103"], changes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Restore_BackupOfAnotherBox_TakesItsRealmWithItsExtensions()
    {
        using var other = new Services();
        other.Extensions.Create("201", "Their phone", Password);
        var file = Path.Combine(other.Folder, "b.htbackup");
        using (var output = File.Create(file))
        {
            other.Backups.Write(output);
        }

        using var box = new Services();
        box.Extensions.Create("101", "Ours", Password);
        box.Backups.Restore(file);

        Assert.Equal(other.Extensions.Realm, box.Extensions.Realm);
        Assert.Equal(other.Extensions.FindCredentials("201"), box.Extensions.FindCredentials("201"));
        Assert.Null(box.Extensions.Find("101"));

        // A password set after the restore is hashed in the restored realm, like every other extension's.
        var saved = box.Extensions.Update("201", null, "fresh-password-here");
        Assert.Equal(other.Extensions.Realm, saved.Extension.Realm);
    }

    [Fact]
    public void Create_ManyThreads_EveryExtensionLandsOnce()
    {
        using var box = new Services();

        Parallel.For(0, 80, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            box.Extensions.Create((200 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), null, Password));

        Assert.Equal(80, box.Extensions.Count);
        Assert.Equal(80, box.Store.Collection<BsonDocument>(Collections.Extensions).Count());
        Assert.Equal(Enumerable.Range(200, 80).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), box.Extensions.List().Select(e => e.Number));
    }

    /// <summary>The digest's H() over ASCII text, written here apart from the code under test.</summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Digest MD5 is what the published vectors use.")]
    private static string H(HashAlgorithmName algorithm, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        return Convert.ToHexStringLower(algorithm == HashAlgorithmName.MD5 ? MD5.HashData(bytes) : SHA256.HashData(bytes));
    }

    /// <summary>Runs a coreutils hash program over the UTF-8 bytes of <paramref name="input"/> and returns its hex digest.</summary>
    private static string Coreutils(string program, string input)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        using (var stdin = process.StandardInput.BaseStream)
        {
            stdin.Write(Encoding.UTF8.GetBytes(input));
        }

        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(10_000), $"{program} did not finish");
        Assert.Equal(0, process.ExitCode);
        return output.Split(' ')[0];
    }
}
