namespace PostPurchase.Server.Studio;

/// <summary>The four Studio screens: which custom element each host page shows and how it navigates to the others.</summary>
public static class StudioPages
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static HostPage.Element DefinitionList() => new("elsa-workflow-definition-list", "Workflow definitions", None, """
            customElements.whenDefined('elsa-workflow-definition-list').then(function () {
                element.editWorkflowDefinition = function (definitionId) { go('definitions/' + encodeURIComponent(definitionId)); };
            });
        """);

    public static HostPage.Element Editor(string definitionId) => new("elsa-workflow-definition-editor", "Edit " + definitionId,
        new Dictionary<string, string> { ["definition-id"] = definitionId }, """
            // Run ends in history.pushState to workflows/instances/{id}/view without rendering anything: follow it.
            var push = history.pushState.bind(history);
            history.pushState = function (state, title, url) {
                push(state, title, url);
                if (url && /\/workflows\/instances\/[^\/]+\/view$/.test(new URL(url, document.baseURI).pathname)) window.location.reload();
            };
        """);

    public static HostPage.Element InstanceList() => new("elsa-workflow-instance-list", "Workflow instances", None, """
            customElements.whenDefined('elsa-workflow-instance-list').then(function () {
                element.viewWorkflowInstance = function (instanceId) { go('workflows/instances/' + encodeURIComponent(instanceId) + '/view'); };
            });
        """);

    public static HostPage.Element InstanceViewer(string instanceId) => new("elsa-workflow-instance-viewer", "Instance " + instanceId,
        new Dictionary<string, string> { ["instance-id"] = instanceId }, """
            customElements.whenDefined('elsa-workflow-instance-viewer').then(function () {
                element.editWorkflowDefinition = function (definitionId) { go('definitions/' + encodeURIComponent(definitionId)); };
            });
        """);
}
