COPY stage_pages FROM STDIN;
