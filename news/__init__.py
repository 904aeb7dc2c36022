"""Industry news: articles in Markdown with tags, scheduling, feeds and related content."""
