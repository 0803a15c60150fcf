//! Claude Code's tools: current names, renamed ones, removed ones.

/// A built-in tool.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    /// The tool's name, as written in `tools:`.
    pub name: &'static str,
    /// What it does.
    pub doc: &'static str,
    /// Whether it accepts a permission-rule specifier, e.g. `Bash(git *)`.
    pub rules: bool,
    /// Whether a sub-agent never gets it, even when listed.
    pub not_for_subagents: bool,
    /// Whether the tool is internal or undocumented (known to the loader,
    /// not meant to be listed by hand; completion leaves it out).
    pub internal: bool,
}

const fn tool(name: &'static str, doc: &'static str) -> Tool {
    Tool {
        name,
        doc,
        rules: false,
        not_for_subagents: false,
        internal: false,
    }
}

const fn ruled(name: &'static str, doc: &'static str) -> Tool {
    Tool {
        name,
        doc,
        rules: true,
        not_for_subagents: false,
        internal: false,
    }
}

const fn main_only(name: &'static str, doc: &'static str) -> Tool {
    Tool {
        name,
        doc,
        rules: false,
        not_for_subagents: true,
        internal: false,
    }
}

const fn internal(name: &'static str, doc: &'static str) -> Tool {
    Tool {
        name,
        doc,
        rules: false,
        not_for_subagents: false,
        internal: true,
    }
}

/// The built-in tools of Claude Code 2.1.330.
pub const TOOLS: &[Tool] = &[
    ruled(
        "Agent",
        "Launches a sub-agent (formerly `Task`). `Agent(a, b)` limits which agents it may spawn when this agent runs as the main thread.",
    ),
    tool(
        "Artifact",
        "Creates or updates an artifact shown beside the conversation.",
    ),
    main_only(
        "AskUserQuestion",
        "Asks the user multiple-choice questions. Not available to sub-agents.",
    ),
    ruled(
        "Bash",
        "Runs shell commands. Rules: `Bash(npm run *)`, legacy `Bash(git status:*)`.",
    ),
    tool("CronCreate", "Schedules a recurring prompt."),
    tool("CronDelete", "Deletes a scheduled prompt."),
    tool("CronList", "Lists scheduled prompts."),
    ruled(
        "Edit",
        "Makes targeted edits to files. Rules: `Edit(/src/**)`.",
    ),
    main_only(
        "EndConversation",
        "Ends the conversation. Not available to sub-agents.",
    ),
    main_only(
        "EnterPlanMode",
        "Switches to plan mode. Not available to sub-agents.",
    ),
    tool("EnterWorktree", "Moves the session into a git worktree."),
    main_only(
        "ExitPlanMode",
        "Presents a plan and leaves plan mode (sub-agents only with `permissionMode: plan`).",
    ),
    tool("ExitWorktree", "Leaves a git worktree."),
    ruled("Glob", "Finds files by pattern."),
    ruled("Grep", "Searches file contents with regular expressions."),
    tool("ListAgents", "Lists running agents (formerly `ListPeers`)."),
    tool(
        "ListMcpResourcesTool",
        "Lists the resources of connected MCP servers.",
    ),
    ruled(
        "LSP",
        "Asks language servers for definitions, references and diagnostics.",
    ),
    ruled(
        "Monitor",
        "Runs a command in the background and watches its output.",
    ),
    ruled("NotebookEdit", "Edits Jupyter notebook cells."),
    ruled(
        "PowerShell",
        "Runs PowerShell commands. Rules: `PowerShell(Get-ChildItem *)`.",
    ),
    tool("PushNotification", "Sends a push notification to the user."),
    ruled(
        "Read",
        "Reads files, images and PDFs. Rules: `Read(~/secrets/**)`.",
    ),
    tool(
        "ReadMcpResourceTool",
        "Reads a resource from an MCP server.",
    ),
    tool("RemoteTrigger", "Triggers a remote session."),
    tool("ReportFindings", "Reports structured findings."),
    main_only(
        "ScheduleWakeup",
        "Schedules the session to resume later. Not available to sub-agents.",
    ),
    tool("SendMessage", "Sends a message to another running agent."),
    tool("SendUserFile", "Sends a file to the user."),
    tool("ShareOnboardingGuide", "Shares an onboarding guide."),
    ruled("Skill", "Runs a skill. Rules: `Skill(deploy *)`."),
    tool("TaskCreate", "Creates a task in the task list."),
    tool("TaskGet", "Reads a task from the task list."),
    tool("TaskList", "Lists tasks."),
    tool(
        "TaskStop",
        "Stops a background task or shell (formerly `KillShell`).",
    ),
    tool("TaskUpdate", "Updates a task."),
    tool("TodoWrite", "Maintains the session's to-do list."),
    tool("ToolSearch", "Searches for deferred tools and loads them."),
    main_only(
        "WaitForMcpServers",
        "Waits for MCP servers to connect. Not available to sub-agents.",
    ),
    ruled(
        "WebFetch",
        "Fetches a URL. Rules: `WebFetch(domain:example.com)`.",
    ),
    ruled("WebSearch", "Searches the web."),
    main_only("Workflow", "Runs a workflow. Not available to sub-agents."),
    ruled(
        "Write",
        "Creates or overwrites files. Rules: `Write(/docs/**)`.",
    ),
    // Internal or feature-flagged tools that the loader still knows.
    internal("ClaudeDesign", "Internal tool (undocumented)."),
    internal("OfferChromeSetup", "Internal tool (undocumented)."),
    internal("Projects", "Internal tool (undocumented)."),
    internal("propose_skills", "Internal tool (undocumented)."),
    internal(
        "ReadMcpResourceDirTool",
        "Reads a directory of MCP resources (undocumented).",
    ),
    internal("ReadNotifications", "Internal tool (undocumented)."),
    internal("SendFeedback", "Internal tool (undocumented)."),
    internal(
        "SendUserMessage",
        "Sends a message to the user (formerly `Brief`; undocumented).",
    ),
    internal(
        "SetGoal",
        "Sets a goal (formerly `ProposeGoal`; undocumented).",
    ),
    internal("ShowOnboardingRolePicker", "Internal tool (undocumented)."),
    internal("SubagentHandback", "Internal tool (undocumented)."),
];

/// Old names that Claude Code still accepts and maps to a new tool.
pub const RENAMED: &[(&str, &str)] = &[
    ("Task", "Agent"),
    ("KillShell", "TaskStop"),
    ("KillBash", "TaskStop"),
    ("ListPeers", "ListAgents"),
    ("Brief", "SendUserMessage"),
    ("ListMcpResources", "ListMcpResourcesTool"),
    ("ReadMcpResource", "ReadMcpResourceTool"),
    ("ReadMcpResourceDir", "ReadMcpResourceDirTool"),
    ("ProposeGoal", "SetGoal"),
];

/// Tools that no longer exist, with what to use instead where there is something.
pub const REMOVED: &[(&str, &str)] = &[
    (
        "MultiEdit",
        "use `Edit`, which now makes several edits at once",
    ),
    ("LS", "use `Glob` or `Bash(ls *)`"),
    ("NotebookRead", "`Read` reads notebooks"),
    ("TodoRead", "`TodoWrite` keeps the list in context"),
    ("SlashCommand", "use `Skill`"),
    ("MCPSearch", "use `ToolSearch`"),
    ("BashOutput", "background output is delivered automatically"),
    (
        "BashOutputTool",
        "background output is delivered automatically",
    ),
    ("TaskOutput", "background output is delivered automatically"),
    (
        "AgentOutput",
        "background output is delivered automatically",
    ),
    (
        "AgentOutputTool",
        "background output is delivered automatically",
    ),
    ("TeamCreate", ""),
    ("TeamDelete", ""),
    ("Frame", ""),
    ("FrameRead", ""),
    ("SuggestBackgroundPR", ""),
    ("AutofixPr", ""),
];

/// Finds a current tool by exact name.
#[must_use]
pub fn find(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}

/// The new name of a renamed tool.
#[must_use]
pub fn renamed(name: &str) -> Option<&'static str> {
    RENAMED
        .iter()
        .find(|(old, _)| *old == name)
        .map(|(_, new)| *new)
}

/// The current tool that does what a removed one did, where one does.
pub const REPLACEMENTS: &[(&str, &str)] = &[
    ("MultiEdit", "Edit"),
    ("LS", "Glob"),
    ("NotebookRead", "Read"),
    ("TodoRead", "TodoWrite"),
    ("SlashCommand", "Skill"),
    ("MCPSearch", "ToolSearch"),
];

/// The current tool to write instead of a removed one, if there is one.
#[must_use]
pub fn replacement(name: &str) -> Option<&'static str> {
    REPLACEMENTS
        .iter()
        .find(|(old, _)| *old == name)
        .map(|(_, new)| *new)
}

/// The advice for a removed tool (possibly empty), if the tool was removed.
#[must_use]
pub fn removed(name: &str) -> Option<&'static str> {
    REMOVED
        .iter()
        .find(|(old, _)| *old == name)
        .map(|(_, why)| *why)
}
