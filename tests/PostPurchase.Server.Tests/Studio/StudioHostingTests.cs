using System.Net;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.Studio;

public sealed class StudioHostingTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new StudioTestHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Host_pages_set_base_href_remote_endpoint_and_drop_google_fonts()
    {
        var client = _host.Client();
        await _host.SignInAsync(client);

        var html = await client.GetStringAsync("/studio/definitions/greeting");

        Assert.Contains("<base href=\"/studio/\"/>", html);
        Assert.Contains("<elsa-workflow-definition-editor id=\"studio-element\" definition-id=\"greeting\" remote-endpoint=\"http://localhost/elsa/api\"", html);
        Assert.Contains("_framework/blazor.webassembly.js", html);
        Assert.Contains("_content/MudBlazor/MudBlazor.min.css", html);
        Assert.DoesNotContain("fonts.googleapis", html);
        Assert.Contains("<elsa-workflow-instance-viewer id=\"studio-element\" instance-id=\"abc\"", await client.GetStringAsync("/studio/workflows/instances/abc/view"));
        Assert.Contains("elsa-workflow-definition-list", await client.GetStringAsync("/studio/"));
        Assert.Contains("elsa-workflow-instance-list", await client.GetStringAsync("/studio/workflows/instances"));
    }

    [Fact]
    public async Task Package_files_have_their_mime_type_and_the_brotli_sibling_when_accepted()
    {
        var client = _host.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/studio/_framework/dotnet.js");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        var compressed = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal("text/javascript", compressed.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["br"], compressed.Content.Headers.ContentEncoding);
        Assert.Equal("no-cache", compressed.Headers.CacheControl!.ToString());

        var plain = await client.GetAsync("/studio/_framework/dotnet.js");
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.True(plain.Content.Headers.ContentLength > compressed.Content.Headers.ContentLength);

        var wasmName = Path.GetFileName(Directory.GetFiles(PackageDirectory(), "dotnet.native.*.wasm").Single());
        var wasm = await client.GetAsync("/studio/_framework/" + wasmName);
        Assert.Equal("application/wasm", wasm.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", wasm.Headers.CacheControl!.ToString());
        Assert.Equal(TimeSpan.FromDays(365), wasm.Headers.CacheControl!.MaxAge);

        var icu = await client.GetAsync("/studio/_framework/" + Path.GetFileName(Directory.GetFiles(PackageDirectory(), "icudt*.dat").First()));
        Assert.Equal("application/octet-stream", icu.Content.Headers.ContentType!.MediaType);
        Assert.Equal("application/json", (await client.GetAsync("/studio/appsettings.json")).Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/studio/_framework/missing.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/studio/../Program.cs")).StatusCode);
    }

    private static string PackageDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "PostPurchase.Server", "Studio", "node_modules", "@elsa-workflows", "elsa-studio-wasm", "_framework");
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new InvalidOperationException("The Studio package is not installed (build src/PostPurchase.Server).");
    }
}
